"""Officers: accounts, who acts, and what each account may change where.

- `identity`: the operating-system login running the command (one injectable place);
- `accounts`: adding, changing and removing accounts (admins only, inside their scope);
- `acting`: which account a command acts as, from the login and `--officer`;
- `authorize`: the one check every write makes, and the refused attempts it audits;
- `passwords` and `sign_in`: argon2 hashes and the browser's sign-in with its lock.
"""
