#pragma once

#include <QByteArray>
#include <QList>

// The one Lua script every change to a shared lease store goes through
// (grant, end, renew, expire, plus the consistent reads snapshot and
// history). Redis runs a script atomically, so no interleaving of clients can
// grant one GPU twice; the script reads the time from the server (TIME), so
// expiry means the same instant to every workstation whatever its clock says.
//
// Keys (all under "gpupool:{CLUSTER}:", see RedisUrl::keyPrefix()):
//   active  HASH  lease id -> lease (JSON)        gpu     HASH  GPU id -> lease id
//   fence   HASH  GPU id -> last fence number     ended   HASH  lease id -> end (JSON)
//   history LIST  lease ids, newest first         expiry  ZSET  lease id by expiry (ms)
//   version STRING a counter bumped by every change, published with the origin
namespace gpupool::lease::redisscript {

QByteArray source();
// SHA-1 of source() in hex, what EVALSHA takes.
QByteArray sha1();
// The keys the script expects, in its order.
QList<QByteArray> keys(const QByteArray &prefix);

} // namespace gpupool::lease::redisscript
