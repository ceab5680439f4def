"""Registries: each concept ChatHEP knows is declared once, here, and imported everywhere else.

- :mod:`chathep.registry.eras`: the data-taking eras (centre-of-mass energy, run period,
  DeepJet working points) and :func:`~chathep.registry.eras.default_era`.
- :mod:`chathep.registry.corrections`: the opt-in corrections (the words that ask for them,
  whether "all" includes them, where they apply, their recipe page, their systematics).
- :mod:`chathep.registry.cross_sections`: the recommended cross section of each generated
  process (order, uncertainties, source), used by the generator's catalog.
- :mod:`chathep.registry.objects`: the NanoAOD collections (charge, planner word, page) and
  the planner's object profiles (default cuts, pair names).
- :mod:`chathep.registry.streams`: the data streams and the objects their triggers select.

This package is a leaf of the import graph: its modules import only the standard library and
each other, so the schema, the planner, the compiler and the interfaces can all use them
without cycles. Nothing is imported here; import the module you need.
"""
