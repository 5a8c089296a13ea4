"""Matching a project with the ecosystem directory: which schemes fit, how well, and why.

- text.py: French words to comparable terms (case and accents ignored, stop words out, stems);
- naf.py: the NAF nomenclature (labels, sections, divisions) and who a NAF pattern covers;
- index.py: each scheme's weighted terms (the portable inverted index) and, on PostgreSQL, its
  full-text vector;
- eligibility.py: the hard rules (size, territory, trade, budget, calls) and their wording;
- history.py: what the programme's past projects say of each scheme, and what officers
  dismissed;
- ranking.py: the score and the ranked suggestions, with their reasons.

docs/matching.md explains the ranking and how it is measured.
"""
