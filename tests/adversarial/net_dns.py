"""Resolve a host name (DNS exfiltration channel)."""

import json
import socket
import sys

cfg = json.loads(sys.argv[1])
socket.getaddrinfo("localhost", cfg["port"])
print("ESCAPED")
