#!/usr/bin/env bash
# The bounded message queue between threads and forked processes: every
# task once, end of stream, a killed consumer aborts the run without a hang,
# timeouts (tests/test_msgqueue.c).
exec build/tests/test_msgqueue
