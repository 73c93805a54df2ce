// Public entry point of tracing: the trace data model, the hub and the tracer.
#pragma once
#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/connection.hpp>
#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/trace.hpp>
#include <asgiscope/trace/tracer.hpp>
