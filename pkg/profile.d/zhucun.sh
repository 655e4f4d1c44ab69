# zhucun (驻村): everybody's default database is the shared one.
# Installed by the zhucun package; nobody is a member of the group zhucun.
export ZHUCUN_DB=/var/lib/zhucun/zhucun.db
