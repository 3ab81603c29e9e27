// the setup view (session.toml) is drawn by setup.js
