import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { CoalescingStream } from '#app/utils/coalescing-stream.server.ts'

/** Writes each batch in one turn of the event loop and returns the pieces the stream let out. */
async function run(batches: string[][]) {
  const stream = new CoalescingStream()
  const out: string[] = []
  stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')))
  const ended = new Promise((resolve) => stream.on('end', resolve))
  for (const batch of batches) {
    for (const piece of batch) stream.write(Buffer.from(piece))
    await nextTurn()
    await nextTurn()
  }
  stream.end()
  await ended
  return out
}

describe('CoalescingStream', () => {
  it('lets what is written in one turn out as one piece', async () => {
    expect(await run([['<html>', '<body>', 'Xin chào', '</body>']])).toEqual(['<html><body>Xin chào</body>'])
  })

  it('keeps pieces written in later turns apart, so a streamed part still leaves when it is ready', async () => {
    expect(await run([['<div>', 'shell'], ['<template>late</template>']])).toEqual([
      '<div>shell',
      '<template>late</template>',
    ])
  })

  it('lets out what is still held when the page ends in the same turn', async () => {
    const stream = new CoalescingStream()
    const out: string[] = []
    stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')))
    const ended = new Promise((resolve) => stream.on('end', resolve))
    stream.write(Buffer.from('a'))
    stream.write(Buffer.from('b'))
    stream.end(Buffer.from('c'))
    await ended
    expect(out).toEqual(['abc'])
  })

  it('joins a character split between two pieces back whole', async () => {
    const text = 'Phường Hoàn Kiếm'
    const bytes = Buffer.from(text)
    const stream = new CoalescingStream()
    const out: Buffer[] = []
    stream.on('data', (chunk: Buffer) => out.push(chunk))
    const ended = new Promise((resolve) => stream.on('end', resolve))
    stream.write(bytes.subarray(0, 9))
    stream.write(bytes.subarray(9))
    stream.end()
    await ended
    expect(Buffer.concat(out).toString('utf8')).toBe(text)
  })
})
