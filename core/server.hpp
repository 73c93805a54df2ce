// Public entry point of the server (the uvicorn role).
#pragma once
#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/config.hpp>
#include <asgiscope/server/logging.hpp>
#include <asgiscope/server/server.hpp>
