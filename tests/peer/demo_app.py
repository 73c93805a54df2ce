"""The demo application's reference routes written for Starlette: the twin the peer test
(tests/peer/peer_compare.py) runs under uvicorn next to `asgiscope serve`, and the app the
benchmarks serve with uvicorn. Keep it route for route with app/demo/demo_app.cpp."""
import asyncio
import os

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "..", "..", "resources", "demo", "static")
SECRET = os.environ.get("ASGISCOPE_SECRET_KEY", "peer-test-secret")


async def plaintext(request):
    return PlainTextResponse("Hello, world!")


async def hello_json(request):
    return JSONResponse({"message": "Hello, world!"})


async def user(request):
    return JSONResponse({"id": request.path_params["id"]})


async def item(request):
    return JSONResponse({"path": request.path_params["rest"]})


async def echo(request):
    body = await request.body()
    return Response(body, media_type=request.headers.get("content-type"))


async def query(request):
    out = {}
    for key, value in request.query_params.multi_items():
        if key not in out:
            out[key] = value
        elif isinstance(out[key], list):
            out[key].append(value)
        else:
            out[key] = [out[key], value]
    return JSONResponse(out)


async def headers(request):
    out = {}
    for name, value in request.headers.items():
        out.setdefault(name, value)
    return JSONResponse(out)


async def set_cookie(request):
    name = request.query_params.get("name")
    if not name:
        raise HTTPException(400, "'name' is required")
    value = request.query_params.get("value", "")
    response = JSONResponse({"name": name, "value": value})
    response.set_cookie(name, value, path="/", samesite="lax")
    return response


async def redirect(request):
    return RedirectResponse("/plaintext")


async def error(request):
    raise RuntimeError("boom")


async def teapot(request):
    raise HTTPException(418)


async def stream(request):
    text = request.query_params.get("n", "5")
    if not text.isdigit() or int(text) > 100000:
        raise HTTPException(400, "'n' must be a whole number up to 100000")
    n = int(text)

    async def chunks():
        for i in range(n):
            yield f"chunk {i}\n"

    return StreamingResponse(chunks(), media_type="text/plain")


async def form(request):
    data = await request.form()
    fields, files = {}, {}
    for name, value in data.multi_items():
        if isinstance(value, str):
            fields[name] = value
        else:
            content = await value.read()
            files[name] = {
                "filename": value.filename,
                "size": len(content),
                "content_type": value.content_type,
            }
    return JSONResponse({"fields": fields, "files": files})


async def large(request):
    return PlainTextResponse("a" * 10000)


async def session(request):
    count = request.session.get("count", 0) + 1
    request.session["count"] = count
    return JSONResponse({"count": count})


async def ws_echo(websocket):
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await websocket.send_text(message["text"])
        else:
            await websocket.send_bytes(message.get("bytes") or b"")


async def slow(request):
    ms = int(request.query_params.get("ms", "1000"))
    await asyncio.sleep(ms / 1000)
    return PlainTextResponse(f"slept {ms} ms")


routes = [
    Route("/plaintext", plaintext, name="plaintext"),
    Route("/json", hello_json, name="json"),
    Route("/users/{id:int}", user, name="user"),
    Route("/items/{rest:path}", item, name="item"),
    Route("/echo", echo, methods=["GET", "POST"], name="echo"),
    Route("/query", query, name="query"),
    Route("/headers", headers, name="headers"),
    Route("/cookies/set", set_cookie, name="set_cookie"),
    Route("/redirect", redirect, name="redirect"),
    Route("/error", error, name="error"),
    Route("/teapot", teapot, name="teapot"),
    Route("/stream", stream, name="stream"),
    Route("/form", form, methods=["POST"], name="form"),
    Route("/large", large, name="large"),
    Route("/session", session, name="session"),
    Route("/slow", slow, name="slow"),
    Mount("/static", StaticFiles(directory=STATIC, html=True), name="static"),
    WebSocketRoute("/ws/echo", ws_echo, name="ws_echo"),
]

middleware = [
    Middleware(CORSMiddleware, allow_origins=["*"]),
    Middleware(GZipMiddleware, minimum_size=500),
    Middleware(SessionMiddleware, secret_key=SECRET),
]

app = Starlette(routes=routes, middleware=middleware)
