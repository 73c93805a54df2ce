// Routing: Router, Route, WebSocketRoute, Mount, Host, convertors and url_path_for.
#pragma once
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>
#include <asgiscope/web/routing/convertors.hpp>
#include <asgiscope/web/routing/host.hpp>
#include <asgiscope/web/routing/mount.hpp>
#include <asgiscope/web/routing/route.hpp>
#include <asgiscope/web/routing/router.hpp>
#include <asgiscope/web/routing/websocket_route.hpp>
