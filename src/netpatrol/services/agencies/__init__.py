"""Partner agencies (联动): the directory, referrals delivered to them and their answers."""
