"""Writers: one module or package per output, each walking the document tree.

No writer imports another (an architecture test holds it): adding a format touches none.
"""
