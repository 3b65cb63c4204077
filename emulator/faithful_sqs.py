"""moto's SQS, corrected where it differs from AWS in what the tests rely on; imported by faithful-moto-server.py.

SQS: a queue's RedriveAllowPolicy (which queues may name it as their dead-letter queue) is taken
but never returned, so every plan would set it again. AWS returns it; here it is returned too.

SQS finds a visible message, then marks it received, so two simultaneous receives can both take
it. SQS hides a received message from every other receiver for its visibility timeout. Here a
receive, a delete and a change of visibility each run under one lock. Long polls wait outside it,
so one waiting receive does not hold up the others.

Speed, nothing else: moto's SQS checks each message's retention on receive by asking for the whole
queue's attributes, which counts every message of the queue again, and reads the clock through
datetime arithmetic for every message it looks at. With a thousand messages on a buffer that made a
receive cost a thousand times a thousand clock reads, and moto's own CPU was most of a burst test's
time. Here the retention check reads the queue's retention period, and the clock is time.time()
(the same seconds since the epoch, UTC, without building datetimes). Nothing else about the Nothing else about
SQS changes.
"""
import threading
import time

from moto.sqs import models as sqs_models
from moto.sqs.models import Queue, SQSBackend

_sqs_lock = threading.RLock()


def _holding(lock, operation):
    def atomic(*args, **kwargs):
        with lock:
            return operation(*args, **kwargs)

    return atomic


_receive_now = _holding(_sqs_lock, SQSBackend.receive_message)


def _receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names=None):
    """Takes what is visible at once, under the lock; a long poll waits for more outside it."""
    polling_end = time.monotonic() + wait_seconds_timeout
    while True:
        result = _receive_now(self, queue_name, count, 0, visibility_timeout, message_attribute_names)
        remaining = polling_end - time.monotonic()
        if result or remaining <= 0:
            return result
        self.get_queue(queue_name).wait_for_messages(min(1, remaining))
        # Visible messages that could not be taken (a FIFO group in flight) end the wait at once.
        time.sleep(0.01)


SQSBackend.receive_message = _receive_message
SQSBackend.delete_message = _holding(_sqs_lock, SQSBackend.delete_message)
SQSBackend.change_message_visibility = _holding(_sqs_lock, SQSBackend.change_message_visibility)


_unix_time = sqs_models.unix_time
_unix_time_millis = sqs_models.unix_time_millis


def _fast_unix_time(dt=None):
    """Seconds since the epoch: now from time.time(), as moto's unix_time() makes it from utcnow()."""
    return time.time() if dt is None else _unix_time(dt)


def _fast_unix_time_millis(dt=None):
    return time.time() * 1000 if dt is None else _unix_time_millis(dt)


sqs_models.unix_time = _fast_unix_time
sqs_models.unix_time_millis = _fast_unix_time_millis


def _retained(self, queue_name, message):
    """Whether the message is within its queue's retention period (moto's check, without counting the queue)."""
    retention_period = int(self.get_queue(queue_name).message_retention_period)
    return retention_period + message.sent_timestamp / 1000 > time.time()


SQSBackend.is_message_valid_based_on_retention_period = _retained

Queue.redrive_allow_policy = None
_queue_attributes = Queue.attributes.fget


def _attributes_with_redrive_allow_policy(self):
    attributes = _queue_attributes(self)
    if self.redrive_allow_policy:
        attributes["RedriveAllowPolicy"] = self.redrive_allow_policy
    return attributes


Queue.attributes = property(_attributes_with_redrive_allow_policy)
