// Every response type.
#pragma once
#include <asgiscope/web/responses/file_response.hpp>
#include <asgiscope/web/responses/json_response.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>
#include <asgiscope/web/responses/response.hpp>
#include <asgiscope/web/responses/streaming_response.hpp>
#include <asgiscope/web/responses/text_responses.hpp>
