"""Connect to a Unix socket the test listens on (docker.sock-style escape)."""

import json
import socket
import sys

cfg = json.loads(sys.argv[1])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(cfg["unix_socket"])
s.sendall(b"hello")
print("ESCAPED")
