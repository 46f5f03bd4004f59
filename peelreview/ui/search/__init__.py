"""The search panel: query box, results with snippets, facets, did-you-mean."""
