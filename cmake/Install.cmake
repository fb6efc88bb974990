# `cmake --install`: the binary (daemon/CMakeLists.txt), the systemd unit,
# the man pages and the example configuration. See README "Running as a service".
include(GNUInstallDirs)

set(NEWSD_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where newsd.service goes (relative to the prefix, or absolute)")
set(NEWSD_CONFIG_DIR "/etc/newsd" CACHE PATH
    "Where the example newsd.toml is installed if none is there yet (ConfigurationDirectory)")

# The unit names the installed binary: /usr/bin/newsd for --prefix /usr.
set(_unit_src ${PROJECT_SOURCE_DIR}/systemd/newsd.service)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_unit_src})
file(READ ${_unit_src} _unit)
string(REPLACE "/usr/bin/newsd" "${CMAKE_INSTALL_PREFIX}/bin/newsd" _unit "${_unit}")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/systemd/newsd.service CONTENT "${_unit}")
install(FILES ${PROJECT_BINARY_DIR}/systemd/newsd.service DESTINATION ${NEWSD_SYSTEMD_UNIT_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/docs/man/newsd.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/newsd.toml.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

# The commented example: always as documentation, and as the live config only
# when there is none yet (an administrator's edits are never overwritten).
install(FILES ${PROJECT_SOURCE_DIR}/systemd/newsd.toml DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME newsd.toml.example)
install(CODE "
  set(_cfg \"${NEWSD_CONFIG_DIR}/newsd.toml\")
  if(EXISTS \"\$ENV{DESTDIR}\${_cfg}\")
    message(STATUS \"Keeping existing: \$ENV{DESTDIR}\${_cfg}\")
  else()
    file(INSTALL DESTINATION \"${NEWSD_CONFIG_DIR}\" TYPE FILE
         FILES \"${PROJECT_SOURCE_DIR}/systemd/newsd.toml\")
  endif()")
