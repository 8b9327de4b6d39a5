"""netpatrol — 网警巡查执法平台: open patrol and enforcement for internet-safety units."""

__version__ = "0.1.0"
