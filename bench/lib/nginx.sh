# Shared by the bench scripts (source it): serve a directory with nginx on
# loopback, the way every farm benchmark does.
#
#   source "$ROOT/bench/lib/nginx.sh"
#   nginx_start WORK ROOT_DIR PORT   # config in WORK, serves ROOT_DIR; sets NGINX (pid)
#   nginx_wait URL                   # until URL answers (5 s at most)
#   nginx_stop                       # kill and reap; safe to call twice
#
# nginx_start does not set a trap: the caller owns its EXIT trap and calls
# nginx_stop from it (scripts with more processes to stop chain them there).

nginx_start() {  # WORK ROOT_DIR PORT
  local work=$1 root=$2 port=$3
  mkdir -p "$work/tmp"
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  default_type application/xml;
  sendfile on;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$port; root $root; etag on; if_modified_since exact; }
}
CONF
  nginx -p "$work" -c "$work/nginx.conf" &
  NGINX=$!
}

nginx_wait() {  # URL
  local _
  for _ in $(seq 50); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "nginx: $1 does not answer" >&2
  return 1
}

nginx_stop() {
  if [ -n "${NGINX:-}" ]; then
    kill "$NGINX" 2>/dev/null || true
    wait "$NGINX" 2>/dev/null || true
    NGINX=
  fi
}
