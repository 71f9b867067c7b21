// A separate process that keeps committing rows (ids 1, 2, 3, … one transaction each) into the
// probe table of a live database, so a backup has to cope with writes from another connection.
// Usage: node writer.mjs DB_FILE START_ID; prints "writing" after its first commit, stops on
// SIGTERM and prints the last id it committed.
import Database from 'better-sqlite3';

const [file, startArg] = process.argv.slice(2);
const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
const insert = db.prepare('INSERT INTO backup_probe (id, payload) VALUES (?, ?)');
const payload = 'x'.repeat(300);
let id = Number(startArg);
let stop = false;
process.on('SIGTERM', () => {
  stop = true;
});
function batch() {
  for (let i = 0; i < 20 && !stop; i++) {
    insert.run(id, payload);
    if (id === Number(startArg)) console.log('writing');
    id++;
  }
  if (stop) {
    console.log(`last ${id - 1}`);
    db.close();
    process.exit(0);
  }
  setImmediate(batch);
}
batch();
