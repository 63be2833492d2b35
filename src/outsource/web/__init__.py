"""The web application: FastAPI factory, one router per resource, Jinja2 + HTMX pages.

Build it with :func:`outsource.web.app.create_app` (``outsource serve`` does);
nothing is built at import time. Routes stay thin: they call services and
render schemas. docs/web.md describes pages, roles and security measures.
"""
