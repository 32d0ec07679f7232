/**
 * A glob as people write them for paths: `*` within a segment, `**` across segments, `?` one
 * character, `{a,b}` alternatives. Compiled to a regex; the pattern is length- and
 * wildcard-capped (see globSchema) so matching stays cheap on any path.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(escape)
          .join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  // A pattern without "/" matches the file name anywhere, as in .gitignore.
  return new RegExp(glob.includes('/') ? `^${out}$` : `(?:^|/)${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}
