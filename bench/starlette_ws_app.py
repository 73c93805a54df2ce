"""Starlette WebSocket echo endpoint: the uvicorn+Starlette baseline of bench/ws_run.sh."""
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute


async def echo(websocket):
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message["bytes"])
    except Exception:
        return


app = Starlette(routes=[WebSocketRoute("/ws/echo", echo)])
