"""The extractive answer step in small pieces: question parts, candidates, features, the fitted
scorer, store-level answerability checks and the composer; ``training`` refits the scorer."""
