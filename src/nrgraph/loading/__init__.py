"""Files into a store: parse, derive (slugs, date bounds, periods), validate, the history rules, the manifest.

:mod:`~nrgraph.loading.files` reads and checks the files all or nothing;
:mod:`~nrgraph.loading.derivation` fills ``graph:derived``; :mod:`~nrgraph.loading.validation`
runs the SHACL shapes and :mod:`~nrgraph.loading.history` the rules SHACL cannot express;
:mod:`~nrgraph.loading.manifest` writes a load with its manifest; :mod:`~nrgraph.loading.synth`
makes synthetic data of any size for scale tests and benchmarks.
"""
