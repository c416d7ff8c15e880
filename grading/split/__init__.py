"""Running a solution in a worker process of its own, reached from the tests through proxies.

The test process holds the tests, their fixtures and the results; the worker holds only the
solution. They talk over sockets, one channel per thread, in JSON that carries exact built-in
types by value and everything else by reference (codec.py). The worker may call back only the
objects the tests handed it, and only their public methods (remote.py).
"""
