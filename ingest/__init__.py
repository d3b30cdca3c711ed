"""Files → cleaned documents → chunks. Nothing here knows about the index."""
