"""Display names of the domain's codes, as English messages for the catalogues."""
