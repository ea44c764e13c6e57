package dev.satchel.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Lets a stop wait for the requests in flight, and serves a request that arrives on an already accepted
 * connection while the stop is under way instead of answering it 503, as {@link GracefulHandler} would.
 *
 * <p>Once stopping, the connector accepts no new connections: a new client is refused before it sent anything
 * and knows it was not served. A client whose connection was accepted a moment earlier has sent its request
 * and is waiting; the app and the store stay up until the last request finishes, so it gets its real answer
 * (measured under load: a few such requests per SIGTERM, each a 503 error page before). Its connection then
 * closes, so a keep-alive client cannot hold the stop open with more requests.
 */
final class DrainingHandler extends GracefulHandler {
  DrainingHandler(Handler handler) {
    super(handler);
  }

  @Override
  protected void handleShutdownRejection(Request request, Response response, Callback callback) {
    Handler next = getHandler();
    if (next == null || !next.isStarted()) {
      // Too late, the app is stopping: closing without a byte of answer tells the client it was not served.
      request.getConnectionMetaData().getConnection().close();
      callback.failed(new IllegalStateException("stopping"));
      return;
    }
    // The callback is the one counting requests in flight: the stop goes on when it completes.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    try {
      if (!next.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable failure) {
      Response.writeError(request, response, callback, failure);
    }
  }
}
