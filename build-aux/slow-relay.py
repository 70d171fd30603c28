#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A TCP relay that holds every chunk DELAY_MS in each direction: a showroom
# server far away, for looking at how the app behaves on a slow network.
#   build-aux/slow-relay.py DELAY_MS LISTEN_PORT SERVER_PORT [SERVER_HOST]
# then open postgresql://user@127.0.0.1:LISTEN_PORT/db?sslmode=require with
# SHOWROOM_STALLS=100 SHOWROOM_TRACE_MAIN_SQL=1 (see README, Benchmark).
import asyncio
import sys

delay = float(sys.argv[1]) / 1000
listen_port = int(sys.argv[2])
server_port = int(sys.argv[3])
server_host = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"


async def pump(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(reader, writer):
    server_reader, server_writer = await asyncio.open_connection(server_host, server_port)
    asyncio.ensure_future(pump(reader, server_writer))
    asyncio.ensure_future(pump(server_reader, writer))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
