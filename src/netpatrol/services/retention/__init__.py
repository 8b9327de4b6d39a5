"""Retention (数据留存): personal data kept only as long as the policy says, applied in
batches that each commit whole with their audit entry."""
