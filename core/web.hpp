// Public entry point of the framework (the Starlette role): datastructures, responses,
// requests, websockets, endpoints, routing, the application and its middleware, and the
// in-process test client.
#pragma once
#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/applications.hpp>
#include <asgiscope/web/authentication.hpp>
#include <asgiscope/web/config.hpp>
#include <asgiscope/web/background.hpp>
#include <asgiscope/web/datastructures/form_data.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/datastructures/multidict.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>
#include <asgiscope/web/datastructures/state.hpp>
#include <asgiscope/web/datastructures/upload_file.hpp>
#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/formparsers.hpp>
#include <asgiscope/web/middleware.hpp>
#include <asgiscope/web/requests/http_connection.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses.hpp>
#include <asgiscope/web/routing.hpp>
#include <asgiscope/web/schemas.hpp>
#include <asgiscope/web/staticfiles.hpp>
#include <asgiscope/web/status.hpp>
#include <asgiscope/web/testclient.hpp>
#include <asgiscope/web/websockets.hpp>
#include <asgiscope/web/endpoints.hpp>
