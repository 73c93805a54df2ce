// Precompiled header shared by the documentation's examples: the framework, the server and
// the Asio headers behind them, compiled once instead of once per example.
#pragma once
#include <asgiscope/server.hpp>
#include <asgiscope/web.hpp>
#include <boost/json.hpp>
