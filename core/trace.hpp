// Public entry point of tracing: the trace data model, the hub and the tracer, and the
// exporters and importers (trace JSON, HAR, cURL).
#pragma once
#include <asgiscope/trace/chrome_trace.hpp>
#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/connection.hpp>
#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/import.hpp>
#include <asgiscope/trace/replay.hpp>
#include <asgiscope/trace/trace.hpp>
#include <asgiscope/trace/trace_json.hpp>
#include <asgiscope/trace/tracer.hpp>
