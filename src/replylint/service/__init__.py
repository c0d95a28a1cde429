"""The HTTP service (``replylint serve``): a FastAPI app on uvicorn, its review page, and the small client that
``replylint check --server URL`` lints through.

Modules of one job each: :mod:`~replylint.service.client` (standard library only), :mod:`.address` (a service URL
read once for both clients), :mod:`.limits` (the limits and the ASGI layer that enforces them on bodies),
:mod:`.protocol` (the uvicorn protocol that enforces them on connections), :mod:`.requests` (request bodies),
:mod:`.app` (the routes and the page) and :mod:`.runner` (binding, workers, graceful shutdown). Importing this
package imports none of them.
"""
