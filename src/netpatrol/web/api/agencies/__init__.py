"""Partner agencies and platforms answering: the directory, referral links and the signed
platform callback."""
