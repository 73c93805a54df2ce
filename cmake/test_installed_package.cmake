# Installs the just-built tree into a scratch prefix, builds examples/embed_server against the
# installed package with find_package(asgiscope), and runs it; builds examples/plugin_app (an
# app plugin on asgiscope::plugin) the same way and has the installed asgiscope load it.
# Inputs: BUILD_DIR, SOURCE_DIR, WORK_DIR, GENERATOR.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
    RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
    message(FATAL_ERROR "install failed: ${rc}")
endif()
if(EXISTS ${WORK_DIR}/prefix/include/asgiscope/server/detail)
    message(FATAL_ERROR "internal headers (server/detail) were installed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/embed_server -B ${WORK_DIR}/build
    -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the example against the installed package failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the example against the installed package failed")
endif()
execute_process(COMMAND ${WORK_DIR}/build/embed_server RESULT_VARIABLE rc TIMEOUT 60)
if(rc)
    message(FATAL_ERROR "the embedded server example failed: ${rc}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/plugin_app -B ${WORK_DIR}/plugin
    -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the plugin example against the installed package failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/plugin RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the plugin example against the installed package failed")
endif()
execute_process(COMMAND ${WORK_DIR}/prefix/bin/asgiscope routes --app ${WORK_DIR}/plugin/plugin_app.so
    RESULT_VARIABLE rc OUTPUT_VARIABLE routes ERROR_VARIABLE errors TIMEOUT 60)
if(rc OR NOT routes MATCHES "api:version +GET\\|HEAD +/api/version")
    message(FATAL_ERROR "the installed asgiscope did not load the plugin example: ${rc}\n${routes}${errors}")
endif()
message(STATUS "installed package works")
