"""`leaflet studio`: clinic staff set up their brand, preview leaflets and print them, in a browser.

A thin shell over the library, as the command line is: ``app.py`` holds the routes, ``engine.py``
what it asks of the library (and remembers), ``brandform.py`` and ``brandfile.py`` the brand editor's
form and the round-trip of the brand file, ``folders.py`` the only way a request names a file,
``security.py`` the token and CSRF checks, ``uploads.py`` logos, ``printing.py`` CUPS, and
``server.py`` the start-up. Needs the ``studio`` extra: ``pip install 'patient-leaflet[studio]'`` (or, in a
checkout, ``pip install -e '.[studio]'``).
"""
