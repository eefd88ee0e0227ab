package dev.hardening.autoconfigure.resilience;

import java.time.Duration;
import java.util.List;

import dev.hardening.resilience.ResilienceListener;

/**
 * Every {@link ResilienceListener} bean as one, in order: the starter's metrics and the
 * application's own alike.
 */
final class ResilienceListeners implements ResilienceListener {

	private final List<ResilienceListener> listeners;

	private ResilienceListeners(List<ResilienceListener> listeners) {
		this.listeners = listeners;
	}

	static ResilienceListener of(List<ResilienceListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> ResilienceListener.NONE;
			case 1 -> listeners.get(0);
			default -> new ResilienceListeners(List.copyOf(listeners));
		};
	}

	@Override
	public void onRetry(String policy, int attempt, Duration wait) {
		for (ResilienceListener listener : this.listeners) {
			listener.onRetry(policy, attempt, wait);
		}
	}

	@Override
	public void onRetryRefused(String policy, RetryRefusal reason) {
		for (ResilienceListener listener : this.listeners) {
			listener.onRetryRefused(policy, reason);
		}
	}

	@Override
	public void onCallFinished(String policy, CallOutcome outcome) {
		for (ResilienceListener listener : this.listeners) {
			listener.onCallFinished(policy, outcome);
		}
	}

}
