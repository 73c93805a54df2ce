"""Minimal Starlette app used by bench/run.sh as the uvicorn+Starlette baseline."""
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route


async def plaintext(request):
    return PlainTextResponse("Hello, world!")


async def json_route(request):
    return JSONResponse({"message": "Hello, world!"})


app = Starlette(routes=[
    Route("/plaintext", plaintext),
    Route("/json", json_route),
])
