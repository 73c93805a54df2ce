# Sourced by the benchmark scripts (bench/run.sh, bench/slices.sh, bench/tls_run.sh): what
# they share.

# A free TCP port on 127.0.0.1.
free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# make_scratch NAME: sets TMP to a new directory /tmp/asgiscope-NAME.XXXXXX and PIDS to an empty
# list; on exit every process in PIDS is killed and TMP removed.
make_scratch() {
    TMP=$(mktemp -d "/tmp/asgiscope-$1.XXXXXX")
    PIDS=()
    trap _scratch_cleanup EXIT
}
_scratch_cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}

# The nginx the scripts compare asgiscope with.
# write_nginx_conf DIR PORT writes DIR/nginx.conf (and DIR/logs/) for one worker answering
# /plaintext and /json with `return 200` and the demo's bodies, no access log, keep-alive for
# 100,000 requests; every temporary path inside DIR. Start it with
#   nginx -p DIR -e DIR/logs/error.log -c DIR/nginx.conf -g "daemon off; pid DIR/nginx.pid;"
write_nginx_conf() {
    local dir=$1 port=$2 user=""
    mkdir -p "$dir/logs"
    [[ $(id -u) -eq 0 ]] && user="user root;"
    cat >"$dir/nginx.conf" <<CONF
$user
worker_processes 1;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port;
        location = /plaintext {
            default_type text/plain;
            return 200 "Hello, world!";
        }
        location = /json {
            default_type application/json;
            return 200 '{"message":"Hello, world!"}';
        }
    }
}
CONF
}
