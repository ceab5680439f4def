"""Connect to a TCP listener the test opened on loopback."""

import json
import socket
import sys

cfg = json.loads(sys.argv[1])
s = socket.create_connection(("127.0.0.1", cfg["port"]), timeout=2)
s.sendall(b"hello")
print("ESCAPED")
