"""Text tools shared by ingest (below it) and the assistant (below it too).

normalise (script, width, pinyin), tokenize (keyword bigrams), places (a
complete administrative-division gazetteer from cpca), numerals (cn2an) and
policy vocabulary (a general data file of abbreviations and English terms).
Nothing here knows a file format, a store or a question set.
"""
