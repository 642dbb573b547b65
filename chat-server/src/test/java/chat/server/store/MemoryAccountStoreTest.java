package chat.server.store;

class MemoryAccountStoreTest extends AccountStoreContract {
    @Override
    protected AccountStore openFresh() {
        return new MemoryStore(10);
    }
}
