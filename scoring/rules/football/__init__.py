"""Football: the match engine (Laws of the Game) and the openfootball / StatsBomb readers."""
