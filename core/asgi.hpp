// Public entry point of the ASGI contract: types and their JSON form.
#pragma once
#include <asgiscope/asgi/json.hpp>
#include <asgiscope/asgi/types.hpp>
