"""The book's graded coursework: what is graded, for how many points, and the hidden tests.

This folder is not part of the book (the HTML never shows it). ``scripts/coursework.py`` reads
:mod:`grading.assignments` to write the assignment notebooks in nbgrader's format and to grade
submitted notebooks (``make assignments``, ``make grade``).
"""
