// asgiscope's version. The build checks that it matches the version in the top-level
// CMakeLists.txt's project() (core/CMakeLists.txt), so the two cannot drift.
#pragma once

#define ASGISCOPE_VERSION_MAJOR 0
#define ASGISCOPE_VERSION_MINOR 1
#define ASGISCOPE_VERSION_PATCH 0
#define ASGISCOPE_VERSION_STRING "0.1.0"
