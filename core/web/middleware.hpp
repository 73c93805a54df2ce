// Middleware: the entry type and the middleware the application always has.
#pragma once
#include <asgiscope/web/middleware/cors.hpp>
#include <asgiscope/web/middleware/exception.hpp>
#include <asgiscope/web/middleware/exception_handlers.hpp>
#include <asgiscope/web/middleware/gzip.hpp>
#include <asgiscope/web/middleware/httpsredirect.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/middleware/server_error.hpp>
#include <asgiscope/web/middleware/trustedhost.hpp>
#include <asgiscope/web/middleware/authentication.hpp>
#include <asgiscope/web/middleware/base_http.hpp>
#include <asgiscope/web/middleware/sessions.hpp>
