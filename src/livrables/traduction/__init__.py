"""A mission's deliverables in its partners' languages: the segments a translator translates
(segments.py, fields.py), the catalogues `livrables traduire` keeps (catalogue.py, xliff.py),
what `check` says of them (check.py), and a deliverable made in another language
(translate.py) or in two side by side (bilingual.py). The language of the output and the
tool's own labels are `livrables.i18n`."""
