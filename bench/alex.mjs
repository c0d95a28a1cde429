// Times alex's text() per reply, as bench/run.py's peer: node alex.mjs NODE_DIR TEXTS.json WARM_UP
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

const [nodeDir, textsPath, warmUp] = process.argv.slice(2)
const alexDir = path.join(nodeDir, 'node_modules', 'alex')
const {text} = await import(pathToFileURL(path.join(alexDir, 'index.js')).href)
const version = JSON.parse(fs.readFileSync(path.join(alexDir, 'package.json'), 'utf8')).version
const texts = JSON.parse(fs.readFileSync(textsPath, 'utf8'))

for (const reply of texts.slice(0, Number(warmUp))) text(reply)
let messages = 0
const started = process.hrtime.bigint()
for (const reply of texts) messages += text(reply).messages.length
const seconds = Number(process.hrtime.bigint() - started) / 1e9
console.log(JSON.stringify({version, replies: texts.length, messages, throughput: texts.length / seconds}))
